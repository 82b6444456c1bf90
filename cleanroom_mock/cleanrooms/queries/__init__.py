"""Clean Rooms protected SQL: analysis templates (``templates``), protected queries (``protected``), how a
query runs and where its result goes (``execution``), and the public API Clean Rooms ML runs queries with
(``api``)."""
