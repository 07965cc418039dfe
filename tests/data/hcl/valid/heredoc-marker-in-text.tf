a = <<EOF
EOFX
 EOF is not alone here
EOF
