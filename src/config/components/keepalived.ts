// components.keepalived: the VRRP daemon that moves the VIP.
import { z } from 'zod';
import { remotePath } from '../fields.js';

export const KeepalivedSchema = z.strictObject({
  process: z.string().min(1).default('keepalived'),
  /**
   * A vrrp_track_file with weight 0 that hapilot writes to move the VIP: a non-zero number
   * puts the node's VRRP instance in FAULT, so it releases the VIP; 0 makes it eligible again.
   * With nopreempt, an eligible node never takes the VIP back by itself (lab/files/keepalived.conf).
   */
  release_file: remotePath.optional(),
});
