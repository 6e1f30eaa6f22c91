-- The coalition member a supporter pledged with, as Coalition resolved the code.
ALTER TABLE supporters ADD COLUMN organization_id uuid;

-- 'web' pledges carry tokens; 'import'ed supporters were confirmed elsewhere and never got any.
ALTER TABLE supporters ADD COLUMN source text NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'import'));
ALTER TABLE supporters
    ALTER COLUMN confirm_token_hash DROP NOT NULL,
    ALTER COLUMN confirm_expires_at DROP NOT NULL,
    ALTER COLUMN manage_token_hash DROP NOT NULL,
    ALTER COLUMN last_mailed_at DROP NOT NULL;

ALTER TABLE supporters ADD COLUMN withdrawn_at timestamptz;

-- The recent-supporters wall reads the newest listed rows only.
CREATE INDEX supporters_recent_wall ON supporters (confirmed_at DESC) WHERE status = 'confirmed' AND list_publicly;
