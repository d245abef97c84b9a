"""One module per kind of fact, each with one entry point ``extract(ctx) -> tuple`` over a
frozen :class:`~kg.extract.context.ArticleContext` (the registry is :data:`kg.kinds.KINDS`)."""
