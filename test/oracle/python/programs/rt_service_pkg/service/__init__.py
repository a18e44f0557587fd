"""A package whose modules register exit handlers on import (relative imports, a circular-ish pair)."""
