a = <<EOF
name = ${var.name}
${var.x}${var.y}
EOF
