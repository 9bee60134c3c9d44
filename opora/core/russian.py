"""Russian text helpers. Pure: used by the command-line tools as well as the pages."""


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun form for a number: plural(1, "школа", "школы", "школ") → «школа», 5 → «школ», 22 → «школы»."""
    n = abs(n) % 100
    if 11 <= n <= 19:
        return many
    n %= 10
    return one if n == 1 else few if 2 <= n <= 4 else many


def counted(n: int, one: str, few: str, many: str) -> str:
    """«1 школа», «3 школы», «51 школа», «11 школ»."""
    return f"{n} {plural(n, one, few, many)}"
