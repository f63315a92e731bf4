"""Training that shows in the pairs: each module's observable behaviour asked in the pair's
check-ins (the modules both members completed), HR's aggregate of the answers, and the
kickoff's ten-minute active-listening drill (docs/training.md)."""
