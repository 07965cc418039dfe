a = <<EOF
line
EOT
