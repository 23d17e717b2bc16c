"""Every write of the library (``library``) and of learning paths (``paths``)."""
