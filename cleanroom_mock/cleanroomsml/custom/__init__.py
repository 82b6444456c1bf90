"""Custom models: configured model algorithms and their associations, ML configurations, ML input channels,
trained models (and their versions), inference and export jobs. Everything but an algorithm lives in a
Clean Rooms membership (custom-model-prerequisites)."""
