"""Record files of the import contract: models, reading, validation and rejects."""
