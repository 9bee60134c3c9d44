"""The parts of the school card (`opora.home.school_card` assembles them): each module reads one
part for one school in a fixed number of queries, whatever the size of the school's history."""
