a = "${join(",", [for x in var.l : x])}"
