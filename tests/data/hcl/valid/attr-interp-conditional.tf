a = "${var.on ? "yes" : "no"}"
