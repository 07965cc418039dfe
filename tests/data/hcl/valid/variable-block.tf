variable "docker_hub_secret_arn" {
  type        = string
  description = "ARN of the secret"
  default     = null
  sensitive   = true

  validation {
    condition     = var.docker_hub_secret_arn == null || can(regex("^arn:", var.docker_hub_secret_arn))
    error_message = "Must be an ARN."
  }
}
