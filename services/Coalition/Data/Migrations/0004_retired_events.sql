-- OrganizationApplied and OrganizationRejected had no consumer and are no longer published; rows still waiting would only be set aside as unreadable.
DELETE FROM outbox_messages WHERE message_type LIKE 'FlexPlatform.Contracts.Coalition.OrganizationApplied,%'
                               OR message_type LIKE 'FlexPlatform.Contracts.Coalition.OrganizationRejected,%';
