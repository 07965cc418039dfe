a = "x ${~ var.y ~} z"
