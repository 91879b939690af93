# Ma'an comes last, once Karak and Tafila run cleanly.
locals {
  sms_sender = "MaanWater"
}

tenant "maan" {
  name_ar = "معان"
  name_en = "Ma'an"
  wave    = 3

  service "account_inquiry" {
    version = tenant.balqa.services.account_inquiry.version
    settings = {
      biller_code   = "WAJ-MAN"
      office_phone  = "+96232131234"
      working_hours = "Sun-Thu 08:00-14:30"
    }
  }

  service "complaints" {
    version = tenant.balqa.services.complaints.version
    settings = {
      sms_sender        = local.sms_sender
      max_attachment_mb = 5
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
