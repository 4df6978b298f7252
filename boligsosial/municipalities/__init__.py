"""The municipality registry: counties, municipalities with code history (KLASS), population, and mapping codes through time."""
