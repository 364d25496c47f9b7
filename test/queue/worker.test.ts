import { redisBackend, sqliteBackend } from './queue-backends.js';
import { jobWorkerContract } from './worker-contract.js';

jobWorkerContract(sqliteBackend());
jobWorkerContract(redisBackend());
