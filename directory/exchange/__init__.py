"""Moving the pool in and out: the JSON document, the CSV files and their cells and column names,
references between records, the preview of an import and the migration between stores."""
