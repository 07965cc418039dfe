a = {
  b = <<EOF
x
EOF
}
