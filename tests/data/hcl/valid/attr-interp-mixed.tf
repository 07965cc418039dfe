a = "pre-${var.x}-mid-${local.y}-post"
