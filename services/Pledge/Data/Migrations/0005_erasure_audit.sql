-- Erasures an admin carried out for a person who asked by letter or phone: who, when, on which request.
-- Nothing about the person is kept (that would undo the erasure); the request itself is filed elsewhere.
CREATE TABLE erasure_audit (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    erased_at        timestamptz NOT NULL DEFAULT now(),
    admin            text        NOT NULL,
    reference        text        NOT NULL,
    erased           boolean     NOT NULL,
    stopped_counting boolean     NOT NULL
);
