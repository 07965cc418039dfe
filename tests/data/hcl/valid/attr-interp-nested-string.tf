a = "${upper("x-${var.y}")}"
