-- A device proves it is the device it names: at its registration (first login) it presents a
-- random secret of its own database (256 bits), and from then on a login for that device id
-- needs the same secret. Only its SHA-256 is kept (hex), as for tokens: the secret is random, so
-- a slow hash adds nothing, and a copy of the database does not let anyone sign in as the device.
--
-- Devices registered before this column existed have NULL here and adopt the secret they present
-- at their next login (the SDK sends one from its next version on).
ALTER TABLE devices ADD COLUMN secret_hash VARCHAR(64);
