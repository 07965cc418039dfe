output "arns" {
  value       = aws_codebuild_project.p[*].arn
  description = "ARNs"
}
