import { deleteAccount } from '../../lib/account/deletion'
import { db } from '../../lib/db'

/**
 * Removes test accounts the way the portal deletes one: their history is
 * erased (not orphaned by the foreign key) first, so the sealed audit log
 * still verifies for the tests that check it.
 */
export async function removeUsers(...ids: string[]): Promise<void> {
  for (const id of ids) {
    if (await db().user.count({ where: { id } })) await deleteAccount(id)
  }
}
