"""The stages joined: content → style → layout (one fit) → pdf, and imposition or the print shop's
order after it. The CLI calls these and nothing else.

Every function takes the build's settings as one value (options.BuildOptions) and, optionally, a cache
(cache.DiskCache, cache.MemoryCache) that it hands to the stages that can use it; without one, the same
bytes are written.

The modules: `prepared` (a deck read, checked and fitted: `prepare`, `check`), `drawing` (faces drawn and
written as pages or sheets: `build`), `single` (`handout`, `calibrate`), `shop` (`order`) and `authoring`
(`new_deck`, `export`, and `faces` for the live preview). A name is looked up, and so patched in a test,
in the module that defines it."""

from fichegen.pipeline.authoring import Faces, export, faces, new_deck
from fichegen.pipeline.drawing import (build, build_cached, default_output, drawn, language_suffix, resource_kit,
                                       variants)
from fichegen.pipeline.prepared import Prepared, Result, check, languages, prepare
from fichegen.pipeline.shop import order
from fichegen.pipeline.single import calibrate, handout

__all__ = ["Faces", "Prepared", "Result", "build", "build_cached", "calibrate", "check", "default_output", "drawn", "export",
           "faces", "handout", "language_suffix", "languages", "new_deck", "order", "prepare", "resource_kit", "variants"]
