"""Clean Rooms data tables: configured tables and their analysis rules (``configured``), configured table
associations and their rules (``associations``), the collaboration's schemas (``schemas``), the Glue tables
behind them (``glue``) and the rules' checks (``rules``)."""
