a = <<EOF
line
EOF
