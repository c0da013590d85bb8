//! What the people who run Samlet need: a request id in every log line and error body
//! (`request_id`), Prometheus metrics (`metrics`), and liveness and readiness checks for the
//! load balancer (`health`).

pub mod health;
pub mod metrics;
pub mod request_id;
