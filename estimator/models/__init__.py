"""Pure, vectorised model functions over pint quantities.

Axis 0 is the trial axis. A model takes quantities, checks their dimensions at the door
(the error names the parameter), and returns quantities. Models draw no random numbers,
read no files and know nothing of the command line.
"""

from estimator.models.containers import (
    container_capacity,
    lengthwise_fill,
    mixed_per_container,
    rounds_per_container,
    usable_rounds,
)

__all__ = ["container_capacity", "lengthwise_fill", "mixed_per_container", "rounds_per_container",
           "usable_rounds"]
