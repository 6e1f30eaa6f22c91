-- Named like one of the shared scripts on purpose: scripts are keyed by assembly and name, so this one runs too.
CREATE TABLE clash_probe (id int PRIMARY KEY);
