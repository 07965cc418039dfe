variable "docker_hub_secret_arn" {
  description = "ARN of the Docker Hub secret"
  type        = string
}
