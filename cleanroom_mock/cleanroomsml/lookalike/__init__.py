"""AWS lookalike models: training datasets, audience models, configured audience models (and their resource
policies), audience generation and export jobs, and the lookalike engine behind them (``engine``)."""
