a = "${join(",", aws_instance.x[*].id)}"
