check "health" {
  assert {
    condition     = data.http.h.status_code == 200
    error_message = "down"
  }
}
