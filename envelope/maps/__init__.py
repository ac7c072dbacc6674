"""Maps: one model of the map (``model``), painted as an offline HTML page (``html``) or a static
slide (``static``). Nothing heavy is imported here, so ``envelope --help`` stays fast."""
