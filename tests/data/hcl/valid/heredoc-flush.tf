a = <<-EOT
    indented
      more
    EOT
