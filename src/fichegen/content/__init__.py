"""Content stage: deck folders of YAML files → a validated deck model that remembers where each value came from."""
