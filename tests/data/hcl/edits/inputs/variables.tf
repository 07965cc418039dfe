variable "region" {
  description = "AWS region of the build"
  type        = string
  default     = "eu-west-1"
}

variable "subnets" {
  type    = list(string)
  default = []
}

variable "tags" {
  type = map(string)
  default = {
    owner = "platform"
  }
}

output "project_arn" {
  value = aws_codebuild_project.ci.arn
}
