-- AlterEnum
ALTER TYPE "SignInMethod" ADD VALUE 'demo';
