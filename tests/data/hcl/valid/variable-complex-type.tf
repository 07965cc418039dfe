variable "x" {
  type = object({
    a = string
    b = optional(list(map(number)), [])
  })
}
