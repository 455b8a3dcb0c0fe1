import { redirect } from 'next/navigation'
import { requireAgent } from '@/lib/auth/dal'

/**
 * The administration's home: the first page of its navigation (People, which
 * the helpdesk and administrators both have). Everyone else gets what the
 * other admin pages give them: sign in first, or a 404.
 */
export default async function AdminHomePage() {
  await requireAgent('/admin')
  redirect('/admin/people')
}
