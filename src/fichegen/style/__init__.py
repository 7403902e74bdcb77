"""Style stage: templates (colours, fonts, logos, sizes) read and validated, fonts loaded."""
