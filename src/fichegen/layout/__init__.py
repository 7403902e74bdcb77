"""Layout stage: card × template → faces of positioned boxes, with the text fitted once."""
