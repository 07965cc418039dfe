a = <<EOF
line
EOF