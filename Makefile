# The two commands of the README, and the demo's switch to another configuration.
#   make demo [CONFIG=examples/configs/<file>.json]
#   make demo-config CONFIG=examples/configs/<file>.json    (while the demo runs)
.PHONY: demo demo-config test
demo:
	scripts/demo.sh $(CONFIG)
demo-config:
	@test -n "$(CONFIG)" || { echo "usage: make demo-config CONFIG=examples/configs/<file>.json"; exit 2; }
	scripts/demo.sh config $(CONFIG)
test:
	scripts/test.sh
