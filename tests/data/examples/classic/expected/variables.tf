variable "region" {
  type        = string
  description = "AWS region of the build"
  default     = "eu-west-1"
}

variable "name" {
  type        = string
  description = "Prefix for every resource name"
  default     = "service"
}

variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = string
}
