variable "aws_region" {
  type = string
}

variable "docker_hub_secret_arn" {
  type = string
}
