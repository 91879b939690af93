# Karak takes exactly the versions Balqa runs.
locals {
  sms_sender = "KarakWater"
}

tenant "karak" {
  name_ar = "الكرك"
  name_en = "Karak"
  wave    = 2

  service "account_inquiry" {
    version = tenant.balqa.services.account_inquiry.version
    settings = {
      biller_code   = "WAJ-KRK"
      office_phone  = "+96232351234"
      working_hours = "Sun-Thu 08:00-15:30"
    }
  }

  service "complaints" {
    version = tenant.balqa.services.complaints.version
    settings = {
      sms_sender = local.sms_sender
      sla_hours  = merge(tenant.balqa.services.complaints.settings.sla_hours, { water_cut = 36 })
    }
  }

  service "follow_up" {
    version = tenant.balqa.services.follow_up.version
    settings = {
      sms_sender       = local.sms_sender
      sms_api_key      = env("SMS_GATEWAY_KEY")
      escalation_hours = 72
    }
  }
}
