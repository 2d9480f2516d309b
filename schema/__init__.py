"""The core: services (all rules), loaders, and the Strawberry projection of both."""
